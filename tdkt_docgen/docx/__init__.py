"""The DOCX layer: the Jinja/docxtpl engine, rendering, the Decree 30 frame, finishing, the DOCX view."""
