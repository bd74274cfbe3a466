"""The cross-table reference rules of the canonical package, as data: which list field of the
recommendations table names rows of which reference table. Validation checks them and the data
dictionary documents them; a leaf, so that both (and any layer) may read them."""

# list field of recommendations -> (reference table, its key, kind of item it must be)
LIST_REFERENCES = {
    "themes": ("themes", "id", None),
    "affected_groups": ("groups", "id", None),
    "sdg_goals": ("sdgs", "id", "goal"),
    "sdg_targets": ("sdgs", "id", "target"),
    "lead_agencies": ("agencies", "id", None),
    "supporting_agencies": ("agencies", "id", None),
    "coordinating_agencies": ("agencies", "id", None),
    "recommending_states": ("states", "name", None),
}
