"""Every key rules/points.yaml may hold, by where it sits. The loader rejects any other key
(with the closest valid one and a pointer to the reference, rules/README.md), and a test
checks that the reference documents exactly these keys."""
from __future__ import annotations

from govinfo.core.diagnostics import Diagnostic, error
from govinfo.core.suggest import did_you_mean

REFERENCE = "rules/README.md"
FREE = None  # a mapping whose keys the office names (levels, publications, penalties…)

# path -> the keys allowed there; "*" is any key the office named, "[]" each entry of a list
KEYS: dict[str, tuple[str, ...] | None] = {
    "": ("name", "submission_points", "item_categories", "unit_categories", "levels", "adoption", "publications",
         "instructions", "excellent", "penalties", "checks", "instruction_repeat", "joint", "joint_points",
         "unadopted_credit", "emergency_report_hours", "emergency_category", "problem_categories",
         "zero_year_after_missed_calls", "attribution",
         "rollup_to_parent", "publish_ranks", "awards", "fees", "followup", "adoption_rate", "conversion", "solicited"),
    "levels": FREE,
    "unit_categories.*": ("name", "monthly_quota", "quarterly_quota", "annual_quota", "annual_target", "quota_count",
                          "quota_categories", "quota_met_points", "quota_missed_points", "monthly_cap", "quotas", "base"),
    "unit_categories.*.quotas[]": ("name", "span", "count", "minimum", "item_categories", "met_points", "missed_points",
                                   "missed_per_item", "extra_points", "extra_max"),
    "unit_categories.*.base[]": ("name", "span", "points", "cap_per_year", "requires_quota"),
    "adoption": ("base_points", "special_points", "multipliers", "combine"),
    "adoption.multipliers": FREE,
    "publications.*": ("name", "level", "points", "special_points", "category_points", "instruction_points",
                       "forward_points", "routes", "formats", "columns", "own"),
    "publications.*.category_points": FREE,
    "publications.*.columns.*": ("name", "level", "points", "special_points", "category_points", "instruction_points",
                                 "forward_points", "routes", "formats"),
    "publications.*.columns.*.category_points": FREE,
    "publications.*.columns.*.routes.*": ("points", "multiplier"),
    "publications.*.columns.*.formats.*": ("name", "points"),
    "publications.*.routes.*": ("points", "multiplier"),
    "publications.*.formats.*": ("name", "points"),
    "publications.*.own": ("copies", "total_before", "secrecy", "masthead"),
    "instructions": FREE,
    "excellent": ("points", "per_year", "groups"),
    "excellent.groups[]": ("name", "categories", "count"),
    "penalties.*": ("name", "points", "points_range", "loses_eligibility", "forfeits_base"),
    "checks": ("min_body_chars", "near_duplicate_similarity"),
    "unadopted_credit": ("points", "categories", "qualified_only"),
    "awards": ("groups", "nominations"),
    "awards.groups[]": ("name", "categories", "rank_by", "top", "min_adopted"),
    "awards.nominations": ("advanced", "qualified"),
    "fees": ("basis", "per_point", "per_adoption", "cap_per_person", "joint"),
    "fees.per_adoption": FREE,
    "followup": ("due_days", "overdue_penalty"),
    "adoption_rate": ("span", "below", "points"),
    "conversion": ("name", "method", "full", "factor", "places"),
    "solicited": ("answered_points", "adopted_points", "publications"),
}


def unknown_keys(data, at) -> list[Diagnostic]:
    """An error for each key the schema does not know, at its line (`at(node, key)` -> Source)."""
    out: list[Diagnostic] = []
    _walk(data, "", at, out)
    return out


def _walk(node, path: str, at, out: list) -> None:
    allowed = KEYS.get(path)
    if allowed is FREE or not isinstance(node, dict):
        return
    for key, child in node.items():
        key = str(key)
        if key not in allowed:
            where = f"“{_shown(path)}”中" if path else ""
            hint = did_you_mean(key, allowed)
            out.append(error(at(node, key), "UNKNOWN-KEY", f"计分办法{where}没有“{key}”这一项",
                             f"{hint}。各项设置的含义和写法见 {REFERENCE}"))
            continue
        sub = f"{path}.{key}" if path else key
        if sub in KEYS:
            _walk(child, sub, at, out)
        if sub + ".*" in KEYS and isinstance(child, dict):
            for value in child.values():
                _walk(value, sub + ".*", at, out)
        if sub + "[]" in KEYS:
            for value in child if isinstance(child, list) else [child]:
                _walk(value, sub + "[]", at, out)


def _shown(path: str) -> str:
    return path.replace(".*", ".…").replace("[]", "")


def documented_keys() -> set[str]:
    """Every fixed key name in the schema (for the test against the reference)."""
    return {k for keys in KEYS.values() if keys for k in keys}
