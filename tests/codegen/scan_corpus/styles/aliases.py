"""crewai's Agent under other names."""
import crewai
import crewai as cw
from crewai import Agent as A

aliased_writer = A(role="Aliased Writer", goal="Write", backstory="Uses an alias.")
module_attribute_editor = crewai.Agent(role="Module Editor", goal="Edit", backstory="Through crewai.Agent.")
short_module_reviewer = cw.Agent(role="Short Module Reviewer", goal="Review", backstory="Through cw.Agent.")
