"""yibao benchmarks: ``python -m benchmarks`` prints and saves the results table."""
