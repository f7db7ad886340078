"""What the Airflow DAGs call: building spark-submit commands, alerts, run metrics, housekeeping.

DAG files in dags/ only wire these together; nothing here runs at DAG-parse time.
"""
