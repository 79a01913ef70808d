"""Running unattended: jobs, schedules, sensors, alerts and asset checks."""
