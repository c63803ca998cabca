package dev.stackd.controller.event;

/** The two types of event, as Kubernetes has them: Normal for progress, Warning for what may need a person. */
public enum EventType {
    Normal, Warning
}
