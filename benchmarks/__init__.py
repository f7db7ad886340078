"""Side-by-side measurements against a baseline. Each ``benchmarks/*_bench.py`` module has ``main(argv)``;
``python -m benchmarks`` runs them all."""
