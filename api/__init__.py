"""FastAPI + Strawberry GraphQL over the serving store (see ``api.main.create_app``)."""
