"""The rule engine: which dated rule applies, and what it pays (credits, balances, a year of care).

Imports only the data layer.
"""
