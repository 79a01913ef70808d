-- Every metric of every artifact over time: daily, weekly, monthly, quarterly and yearly periods
-- (sample_date = the period's first day) and over all time (sample_date = the as-of date).
{{ entity_metrics_mart('ARTIFACT', timeseries_grains()) }}
