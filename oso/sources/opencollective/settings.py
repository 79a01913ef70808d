"""Open Collective: the GraphQL query, API limits, CSV column sets and the Arrow schema."""

from __future__ import annotations

import pyarrow as pa

SOURCE = "opencollective"
PAGE_SIZE = 1000  # the v2 API's documented maximum `limit` for transactions
QUERY_NAME = "OsoCollectiveTransactions"

# GraphQL v2 root query `transactions` (account: [AccountReferenceInput!], dateFrom/dateTo are
# inclusive DateTime bounds, limit/offset paging, `totalCount` on the TransactionCollection).
TRANSACTIONS_QUERY = f"""
query {QUERY_NAME}(
  $slug: String!, $dateFrom: DateTime!, $dateTo: DateTime!, $limit: Int!, $offset: Int!
) {{
  transactions(
    account: [{{slug: $slug}}]
    dateFrom: $dateFrom
    dateTo: $dateTo
    limit: $limit
    offset: $offset
    orderBy: {{field: CREATED_AT, direction: ASC}}
  ) {{
    totalCount
    offset
    limit
    nodes {{
      id
      legacyId
      kind
      type
      description
      createdAt
      isRefund
      isRefunded
      amount {{ value currency }}
      amountInHostCurrency {{ value currency }}
      netAmount {{ value currency }}
      account {{ slug name type }}
      oppositeAccount {{ slug name type }}
      host {{ slug }}
    }}
  }}
}}
""".strip()

# opencollective.transactions (one row per transaction; primary key `id`)
TRANSACTIONS_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),  # legacy numeric id; older CSVs: short:<id>
        ("collective", pa.string()),
        ("kind", pa.string()),
        ("type", pa.string()),
        ("amount", pa.float64()),  # signed gross amount (DEBIT < 0)
        ("net_amount", pa.float64()),  # signed, after payment processor fees and taxes
        ("currency", pa.string()),
        ("amount_usd", pa.float64()),  # amount when it is in USD, else null
        ("created_at", pa.timestamp("us")),  # UTC, no time zone
        ("description", pa.string()),
        ("opposite_slug", pa.string()),
        ("opposite_name", pa.string()),
        ("host_slug", pa.string()),
        ("is_refund", pa.bool_()),
        ("is_refunded", pa.bool_()),
        ("source", pa.string()),  # 'api' or 'csv:<file name>'
        ("week", pa.timestamp("us")),  # the weekly partition of an API load; null for CSV
    ]
)

# The two column sets of Open Collective's CSV transaction exports, mapped onto the table
# (DuckDB SQL over the all-string CSV columns). The newer set has no gross amount column:
# "Amount Single Column" is the net amount, so gross = net - processor fee - tax.
NEW_EXPORT_COLUMNS = {
    "id": '"Transaction ID"',
    "created_at": '"Effective Date & Time"',
    "type": '"Credit/Debit"',
    "kind": '"Kind"',
    "net_amount": '"Amount Single Column"',
    "fee": '"Payment Processor Fee"',
    "tax": '"Tax Amount"',
    "currency": '"Currency"',
    "collective": '"Account Handle"',
    "description": '"Description"',
    "opposite_slug": '"Opposite Account Handle"',
    "opposite_name": '"Opposite Account Name"',
    "is_refund": '"Is Reverse"',
    "is_refunded": '"Is Reversed"',
}
OLD_EXPORT_COLUMNS = {
    "id": '"shortId"',
    "created_at": '"datetime"',
    "type": '"type"',
    "kind": '"kind"',
    "amount": '"amount"',
    "net_amount": '"netAmount"',
    "currency": '"currency"',
    "collective": '"accountSlug"',
    "description": '"description"',
    "opposite_slug": '"oppositeAccountSlug"',
    "opposite_name": '"oppositeAccountName"',
    "is_refund": '"isRefund"',
    "is_refunded": '"isRefunded"',
}
