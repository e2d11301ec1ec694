"""An EC2 integration client's exceptions, generated from ``mappings/ec2_client.yaml``.

::

    IntegrationException (base)
    └── EC2Exception (AWS EC2 base)
        ├── EC2AuthenticationException      UnauthorizedOperation, InvalidClientTokenId, ...
        ├── EC2InstanceNotFoundException    InvalidInstanceID.NotFound
        ├── EC2InstanceCreationException    create_instance / RunInstances failures
        ├── EC2InstanceOperationException   start/stop/terminate failures
        ├── EC2TagOperationException        add/remove/get tag failures
        ├── EC2StatusCheckException         get_instance_status_checks failures
        ├── EC2QuotaExceededException       InstanceLimitExceeded, ...
        └── EC2InvalidParameterException    InvalidParameterValue, ...

Use ``_parse_aws_error(error, operation)`` to turn a botocore ``ClientError`` into
the exception to raise.
"""

from awserrors import generate_module, mappings_dir
from awserrors._shipped import EC2_CLIENT

taxonomy = generate_module(__name__, *(mappings_dir() / f for f in EC2_CLIENT.files))
