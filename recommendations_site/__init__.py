"""Open data site of UN human rights recommendations to New Zealand."""
