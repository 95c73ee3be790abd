"""Full screens and the section panels hosted by the main screen."""
