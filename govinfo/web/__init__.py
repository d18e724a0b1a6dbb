"""The local web front end (`govinfo serve`): one more thin layer over the same library."""
