"""What the SQL API refuses, as data: statement kinds, syntax nodes, functions.

Tables are checked by an allow list (only published marts, or CTEs of the query) and every
table function is refused, so the function list below only has to cover *scalar* functions
that reach outside the published data: dictionaries, files, other tables by name, server
state and settings, and functions that only burn time. Names are compared in lower case
with underscores removed, so ``dictGet``, ``DICTGET`` and sqlglot's ``DICT_GET`` match.
"""

from __future__ import annotations

from sqlglot import expressions as exp

# Syntax nodes never allowed anywhere in a query, with what to call them in the error.
DENIED_NODES: dict[type[exp.Expr], str] = {
    exp.DDL: "data definition or modification",
    exp.DML: "data modification",
    exp.Command: "a command",
    exp.Set: "SET",
    exp.Use: "USE",
    exp.Describe: "DESCRIBE",
    exp.Show: "SHOW",
    exp.Kill: "KILL",
    exp.Drop: "DROP",
    exp.Alter: "ALTER",
    exp.TruncateTable: "TRUNCATE",
    exp.Into: "SELECT ... INTO",
    exp.Placeholder: "query parameters",
    exp.Parameter: "query parameters",
    exp.Lateral: "LATERAL",
    exp.Unnest: "UNNEST",
    exp.Values: "VALUES",
}

# Prefixes of denied function names (normalised): every dictionary function, joinGet*.
DENIED_FUNCTION_PREFIXES = ("dict", "joinget", "filesystem", "sleep", "addressto", "transaction")

DENIED_FUNCTIONS = frozenset(
    {
        # read files or other tables by name
        "file",
        "hascolumnintable",
        "getsubcolumn",
        # server identity, settings and state
        "currentuser",
        "currentdatabase",
        "currentschema",
        "currentschemas",
        "currentprofiles",
        "currentroles",
        "enabledprofiles",
        "enabledroles",
        "defaultprofiles",
        "defaultroles",
        "getsetting",
        "getsettingordefault",
        "getserversetting",
        "getmergetreesetting",
        "getmacro",
        "globalvariable",
        "getclienthttpheader",
        "hostname",
        "fqdn",
        "version",
        "currentversion",
        "revision",
        "buildid",
        "uptime",
        "serveruuid",
        "displayname",
        "tcpport",
        "getserverport",
        "getoskernelversion",
        "shardnum",
        "shardcount",
        "zookeepersessionuptime",
        "queryid",
        "initialqueryid",
        "initialquerystarttime",
        "connectionid",
        # introspection and the optimiser's internals
        "demangle",
        "trap",
        "logtrace",
        "catboostevaluate",
        "modelevaluate",
    }
)


def normalise(name: str) -> str:
    return name.lower().replace("_", "")


def denied_function(names: set[str]) -> str | None:
    """The first of ``names`` (spellings of one function) that the policy refuses."""
    for name in sorted(names):
        key = normalise(name)
        if key in DENIED_FUNCTIONS or key.startswith(DENIED_FUNCTION_PREFIXES):
            return name
    return None
