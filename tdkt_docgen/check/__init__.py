"""Checking: conformance of any DOCX against Decree 30, and template lint."""
