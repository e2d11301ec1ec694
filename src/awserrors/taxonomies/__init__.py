"""The taxonomies awserrors ships besides the AWS-wide one, each a generated module.

- :mod:`awserrors.taxonomies.devops_agent`: the Community DevOps Agent API's exceptions.
- :mod:`awserrors.taxonomies.ec2_client`: an EC2 integration client's exceptions.
"""
