import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

/** A screen that throws shows what happened and a way on, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: unknown }, { error: Error | null }> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Regulars screen error', error, info.componentStack);
  }

  componentDidUpdate(previous: { resetKey?: unknown }) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title="This screen stopped working" role="alert" maw={640}>
        <Stack gap="sm">
          <Text size="sm">Nothing you saved is lost. Go back to the customer list, or reload the window.</Text>
          <Text size="sm" c="dimmed" ff="monospace">
            {this.state.error.message}
          </Text>
          <Group gap="sm">
            <Button
              variant="light"
              color="red"
              onClick={() => {
                window.location.hash = '#/';
                this.setState({ error: null });
              }}
            >
              Back to customers
            </Button>
            <Button variant="default" onClick={() => window.location.reload()}>
              Reload
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
}
