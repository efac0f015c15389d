# Cortex-M build from the host build (written by its own change)
