// Placeholder so the layer library has a translation unit; replaced by the layer's real sources.
