"""The workshop interview: a state machine, keyboard and line front ends, the assess workflow."""
