package dev.stackd.controller.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.controller.observe.AdoptedObject;
import dev.stackd.controller.plan.Notice;
import dev.stackd.controller.plan.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectRefTest {
    @Test
    void aReferenceRendersAsKindAndName() {
        assertThat(ObjectRef.container("demo-web-1").render()).isEqualTo("container demo-web-1");
        assertThat(ObjectRef.network("demo_default")).hasToString("network demo_default");
        assertThat(ObjectRef.image("nginx:1.27").render()).isEqualTo("image nginx:1.27");
        assertThat(ObjectRef.stack("demo").kind()).isEqualTo(ObjectRef.Kind.STACK);
        assertThat(ObjectRef.service("web").name()).isEqualTo("web");
        assertThat(ObjectRef.volume("data")).isEqualTo(new ObjectRef(ObjectRef.Kind.VOLUME, "data"));
    }

    @Test
    void aReferenceNeedsAKindAndAName() {
        assertThatThrownBy(() -> new ObjectRef(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ObjectRef.container(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anOperationsEventIsAboutItsObjectNotTheRestOfItsTarget() {
        // the executor used to cut the first two words off the rendered target ("container x to network y")
        var connect = new Operation.ConnectNetwork("demo_back", "demo-web-1", List.of("web", "api"), "10.0.0.5", "web", "reconnect");
        var disconnect = new Operation.DisconnectNetwork("demo_back", "demo-web-1", "web", "network config changed");
        var rename = new Operation.RenameContainer("demo-web-1_tmp", "demo-web-1", "web", "spec changed");
        var stop = new Operation.StopContainer("demo-web-1", Duration.ofSeconds(10), "web", "spec changed");

        assertThat(connect.target()).isEqualTo("container demo-web-1 to network demo_back aliases web,api ip 10.0.0.5");
        assertThat(connect.object()).isEqualTo(ObjectRef.container("demo-web-1"));
        assertThat(disconnect.target()).isEqualTo("container demo-web-1 from network demo_back");
        assertThat(disconnect.object()).isEqualTo(ObjectRef.container("demo-web-1"));
        assertThat(rename.target()).isEqualTo("container demo-web-1_tmp to demo-web-1");
        assertThat(rename.object()).isEqualTo(ObjectRef.container("demo-web-1_tmp"));
        assertThat(stop.target()).isEqualTo(stop.object().render());
        assertThat(new Operation.RemoveNetwork("demo_default", "orphan").object()).isEqualTo(ObjectRef.network("demo_default"));
        assertThat(new Operation.Adopt(AdoptedObject.volume("shop_data"), "adopt").object()).isEqualTo(ObjectRef.volume("shop_data"));
    }

    @Test
    void aNoticeIsTheEventOfTheStackItWasPlannedFor() {
        var notice = Notice.warning(Reasons.BACK_OFF, "web", ObjectRef.container("demo-web-1"), "back-off");

        assertThat(notice.event("demo")).isEqualTo(new EventDraft(EventType.Warning, Reasons.BACK_OFF, "demo", "web",
                ObjectRef.container("demo-web-1"), "back-off"));
        assertThat(notice.render()).isEqualTo("Warning BackOff container demo-web-1: back-off");
    }

    @Test
    void aDraftNeedsItsTypeObjectAndReason() {
        assertThatThrownBy(() -> new EventDraft(null, "Started", "demo", null, ObjectRef.stack("demo"), "m"))
                .isInstanceOf(NullPointerException.class).hasMessage("type");
        assertThatThrownBy(() -> EventDraft.normal("demo", null, null, "Started", "m"))
                .isInstanceOf(NullPointerException.class).hasMessage("object");
        assertThat(EventDraft.normal("demo", "web", ObjectRef.container("demo-web-1"), Reasons.STARTED, "m").type())
                .isEqualTo(EventType.Normal);
    }

    @Test
    void everyReasonAnOperationRecordsIsKnownAndEachVerbHasItsFailure() {
        // the metrics count events by Reasons.ALL: a reason outside it would be counted as Other
        List<Operation> ops = List.of(new Operation.RemoveNetwork("n", "c"), new Operation.RemoveVolume("v", "c"),
                new Operation.PullImage("i", "web", "c"), new Operation.StartContainer("x", "web", "c"),
                new Operation.StopContainer("x", null, "web", "c"), new Operation.RestartContainer("x", null, "web", "c"),
                new Operation.RemoveContainer("x", "web", "c"), new Operation.RenameContainer("x", "y", "web", "c"),
                new Operation.Adopt(AdoptedObject.volume("v"), "c"),
                new Operation.DisconnectNetwork("n", "x", "web", "c"));
        assertThat(ops).allSatisfy(op -> {
            assertThat(Reasons.ALL).contains(op.reason());
            // pulls, builds and container creates have failure reasons of their own (the executor's)
            if (!(op instanceof Operation.PullImage)) assertThat(Reasons.failed(op.verb())).as(op.verb()).isNotEqualTo(Reasons.FAILED);
        });
        assertThat(Reasons.failed("start")).isEqualTo("FailedStart");
    }
}
