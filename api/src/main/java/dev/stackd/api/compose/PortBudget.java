package dev.stackd.api.compose;

/**
 * How many ports a stack and each of its services may still have, published and exposed, a range counting one
 * per port. A range is charged before it is expanded, so "1-65535" costs a comparison, not 65,535 objects.
 */
final class PortBudget {
    private int stackLeft = Ranges.MAX_PORTS_PER_STACK;

    Service forService() {
        return new Service();
    }

    final class Service {
        private int left = Ranges.MAX_PORTS_PER_SERVICE;

        /** Charges count ports, or throws (the message for the user) when they do not fit; nothing is charged then. */
        void take(long count) {
            if (count <= Math.min(left, stackLeft)) {
                left -= (int) count;
                stackLeft -= (int) count;
                return;
            }
            boolean service = left <= stackLeft;
            int max = service ? Ranges.MAX_PORTS_PER_SERVICE : Ranges.MAX_PORTS_PER_STACK;
            int remaining = service ? left : stackLeft;
            String what = count == 1 ? "one port" : "the range has " + count + " ports,";
            throw new IllegalArgumentException(what + " more than the " + (remaining == max ? "" : remaining + " left of the ")
                    + max + " a " + (service ? "service" : "stack") + " may have");
        }
    }
}
