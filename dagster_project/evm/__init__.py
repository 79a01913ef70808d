"""EVM chains: block-range partitions, the dlt assets and the sensor that registers ranges."""
