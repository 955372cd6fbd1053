"""The members' year, an app of its own beside the register: admissions, annual ratings,
targets, directives and commitments (app label `year`, pages under /year/)."""
