"""The pydantic models of the kinds' own fields, on the common Decree 30 model (document.common)."""
