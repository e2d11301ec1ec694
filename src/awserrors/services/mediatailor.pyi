# Generated for awserrors by awserrors.write_stubs; do not edit.

import awserrors.codes

class BadRequestException(awserrors.codes.BadRequestException): ...
