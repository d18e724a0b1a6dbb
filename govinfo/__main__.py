from govinfo.cli import main

main()
