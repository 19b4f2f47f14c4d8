"""Speaker turns and roles: line cues (rules), a line classifier, and official profiles."""
