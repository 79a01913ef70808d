"""Static website generator: renders the published marts in the serving store as HTML.

``website.build.build_site`` reads the marts with a few SQL queries, renders one Jinja2
template per page type and swaps the finished site into place atomically.
"""
