"""The plan API: views and their serializers."""
