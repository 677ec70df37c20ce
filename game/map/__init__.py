"""Drawing the map: the static layer, the camera, counters, markers, animation and the minimap."""
