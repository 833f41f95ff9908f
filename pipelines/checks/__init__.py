"""Quality gates of the main job: plain check functions and the Dagster asset checks that call them."""
