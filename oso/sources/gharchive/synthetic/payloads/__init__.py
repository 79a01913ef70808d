"""JSON objects of synthetic GH Archive events, one module per event family.

Two schemas are built here. The ``*_2015`` builders reproduce the key sets (and key order) of
real 2015 GH Archive events, as in ``2015-01-01-12.json.gz``; the hourly files use them. The
``*_2020s`` builders follow the richer REST API objects of the 2020s (node ids,
``author_association``, licence, …); they make the large benchmark hour.

Everything is plain functions of their arguments: randomness comes in as a ``random.Random``.
"""
