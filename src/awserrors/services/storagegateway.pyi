# Generated for awserrors by awserrors.write_stubs; do not edit.

import awserrors._aws
import awserrors.codes

class InternalServerError(awserrors.codes.InternalServerError): ...
class InvalidGatewayRequestException(
    awserrors.codes.InvalidGatewayRequestException,
): ...
class ServiceUnavailableError(
    awserrors.codes.ServiceUnavailableError,
    awserrors._aws.InvalidRequestError,
): ...
