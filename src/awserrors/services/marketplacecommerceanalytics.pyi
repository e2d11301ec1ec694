# Generated for awserrors by awserrors.write_stubs; do not edit.

import awserrors.codes

class MarketplaceCommerceAnalyticsException(
    awserrors.codes.MarketplaceCommerceAnalyticsException,
): ...
