class LookAlike:
    role = "Look Alike"
    goal = "g"
    backstory = "b"
