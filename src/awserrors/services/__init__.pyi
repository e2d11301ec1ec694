# Generated for awserrors by awserrors.write_stubs; do not edit.
