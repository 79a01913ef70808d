-- The current value of every metric of every collection, as of the as-of date (sample_date):
-- over all time, the last 90 days and the last 6 months.
{{ entity_metrics_mart('COLLECTION', key_metric_grains()) }}
