"""PDF: LibreOffice conversion, signature fields, PAdES signing and verifying."""
