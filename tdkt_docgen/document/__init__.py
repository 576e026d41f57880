"""The Decree 30 model every kind shares, the generic document's outline, and the plain blocks derive
makes (paragraph markup, tables)."""
