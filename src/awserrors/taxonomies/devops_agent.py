"""The Community DevOps Agent API's exceptions, generated from ``mappings/devops_agent.yaml``.

::

    DevOpsAgentError (botocore ClientError)
    ├── DevOpsAgentAuthError
    │   ├── AuthenticationError
    │   │   ├── CredentialRefreshError, JWTGenerationError, CredentialExchangeError
    │   └── UnauthorizedException           401, 403
    ├── DevOpsAgentConfigError
    │   └── ConfigurationError
    │       ├── ServiceRegistrationError
    │       └── ModelValidationError        (also a DevOpsAgentValidationError)
    ├── DevOpsAgentValidationError
    └── DevOpsAgentAPIError
        ├── ValidationException             400 (also a DevOpsAgentValidationError)
        ├── ResourceNotFoundException       404
        ├── ConflictException               409
        ├── ThrottlingException             429
        ├── InternalServerException         500
        └── ServiceUnavailableException     502, 503, 504
    NetworkError (botocore BotoCoreError)
    ├── ConnectionError
    └── TimeoutError

``handle_client_error(error)`` turns a botocore ``ClientError`` into the most
specific of these; ``handle_error`` also maps botocore's connection and timeout
errors to ``ConnectionError`` and ``TimeoutError``.
"""

from awserrors import generate_module, mappings_dir
from awserrors._shipped import DEVOPS_AGENT

taxonomy = generate_module(__name__, *(mappings_dir() / f for f in DEVOPS_AGENT.files))
