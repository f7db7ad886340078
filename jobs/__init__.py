"""Spark jobs: thin engines around the pure logic in parsers/ and watchlists/."""
