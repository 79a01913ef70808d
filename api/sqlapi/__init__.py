"""The SQL API (``POST /api/v1/sql``): one read-only SELECT over the published marts.

``guard`` parses and checks the query with sqlglot and rewrites it onto the serving
database; ``run`` executes it with read-only ClickHouse limits; ``stream`` turns the Arrow
result into OSO's NDJSON answer.
"""
