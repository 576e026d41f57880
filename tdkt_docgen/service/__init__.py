"""The HTTP service and the secretaries' web page (`tdkt serve`, `tdkt worker`): FastAPI on uvicorn, jobs on
huey (SQLite by default, Redis for several machines), records in SQLite and files in a folder."""
