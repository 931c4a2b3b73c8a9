"""Turn knowledge into documents (bonemets.doc): one builder per command, rendered by bonemets.render."""
from bonemets.views.entity import class_doc, entity_doc
from bonemets.views.facts import entity_data, fact_data, used_sources
from bonemets.views.find import search_doc, sources_doc
from bonemets.views.lists import check_doc, compare_doc, list_doc, symptoms_doc
from bonemets.views.pathway import pathway_doc
from bonemets.views.score import score_doc

# The one view of each kind that has its own (every other kind is an entry page).
KIND_VIEWS = {"pathway": pathway_doc, "class": class_doc}


def doc_for(kind: str):
    return KIND_VIEWS.get(kind, entity_doc)


__all__ = ["doc_for", "pathway_doc", "check_doc", "class_doc", "compare_doc", "entity_data", "entity_doc", "fact_data", "list_doc",
           "score_doc", "search_doc", "sources_doc", "symptoms_doc", "used_sources"]
