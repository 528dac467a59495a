"""Evidence sections of the core that are not a shape's: the satisfaction survey and the bid
commitments. Each derives common facts from its rows (survey_*, commitment_*)."""
