package dev.stackd.controller.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/** Applies serve's --log-format and --log-level to logback. */
final class Logging {
    private Logging() {}

    static void configure(String format, String level) {
        System.setProperty("stackd.log.level", level.toUpperCase());
        String resource = "json".equalsIgnoreCase(format) ? "/logback-json.xml" : "/logback.xml";
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(Logging.class.getResource(resource));
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging: " + e.getMessage(), e);
        }
    }
}
