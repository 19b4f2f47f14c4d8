"""Relations between entities (spec section 3): candidates, rules and a pair classifier."""
