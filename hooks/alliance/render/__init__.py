"""What readers see, as plain data for the templates in overrides/: a page's trust view, its JSON-LD,
the article listings, the sidebar window, sharing tags and the site's words in its language; and
the visible-text reader of rendered HTML that FAQ and sources come from."""
