package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"motionlab/server/config"
	"motionlab/server/store"
)

// keys is the keys command's store, opened once for every subcommand.
type keys struct{ st *store.Store }

func keysCmd() *cobra.Command {
	var cfg config.Store
	var k keys
	cmd := &cobra.Command{Use: "keys", Short: "Create, list and revoke API keys (stored as SHA-256 hashes)"}
	config.AddFlags(cmd.PersistentFlags(), cfg.Settings())
	cmd.PersistentPreRunE = func(cmd *cobra.Command, _ []string) (err error) {
		k.st, err = store.OpenWith(cmd.Context(), store.Options{DataDir: cfg.DataDir, DB: cfg.DB})
		return err
	}
	cmd.PersistentPostRunE = func(*cobra.Command, []string) error { return k.st.Close() }
	cmd.AddCommand(k.createCmd(), k.listCmd(), k.revokeCmd(), k.grantCmd(), k.originsCmd(), k.webhookSecretCmd())
	return cmd
}

func (k *keys) createCmd() *cobra.Command {
	var name, callback string
	var origins []string
	var credits int64
	create := &cobra.Command{
		Use:   "create --name NAME [--credits N]",
		Short: "Create a key; the key itself is printed once, alone on the last line",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var c *int64
			if cmd.Flags().Changed("credits") {
				if credits < 0 {
					return fmt.Errorf("--credits %d: must be ≥ 0", credits)
				}
				c = &credits
			}
			if err := store.CheckCallbackURL(callback); err != nil {
				return fmt.Errorf("--callback-url: %w", err)
			}
			for _, o := range origins {
				if err := store.CheckOrigin(o); err != nil {
					return fmt.Errorf("--origin: %w", err)
				}
			}
			key, secret, err := k.st.CreateKey(cmd.Context(), name, c, callback, origins...)
			if err != nil {
				return err
			}
			fmt.Printf("created key %s (%s), credits %s; it is shown only now:\n%s\n", key.ID, key.Name, creditsText(key.Credits), secret)
			return nil
		},
	}
	create.Flags().StringVar(&name, "name", "", "who or what the key is for (required)")
	create.Flags().Int64Var(&credits, "credits", 0, "analyses the key may run (default unlimited)")
	create.Flags().StringVar(&callback, "callback-url", "", "default webhook for this key's analyses (an analysis's own callback_url wins)")
	create.Flags().StringArrayVar(&origins, "origin", nil, "a site that may embed MotionLab with this key (https://host[:port]; repeat for more)")
	create.MarkFlagRequired("name")
	return create
}

func (k *keys) originsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "origins ID|PREFIX [ORIGIN...]",
		Short: "Set the sites that may embed MotionLab with a key (none: embedding only from this server's own pages)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := k.st.SetOrigins(cmd.Context(), args[0], args[1:]); err != nil {
				return err
			}
			fmt.Printf("%s may be embedded by: %s\n", args[0], strings.Join(append([]string{"(this server)"}, args[1:]...), " "))
			return nil
		},
	}
}

func (k *keys) listCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List keys (never the secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			list, err := k.st.ListKeys(cmd.Context())
			if err != nil {
				return err
			}
			return printKeys(os.Stdout, list)
		},
	}
}

// printKeys writes keys as a table.
func printKeys(out io.Writer, keys []store.Key) error {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tPREFIX\tNAME\tCREDITS\tCREATED\tREVOKED\tORIGINS")
	for _, k := range keys {
		revoked := "-"
		if k.RevokedAt != nil {
			revoked = k.RevokedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Name, creditsText(k.Credits), k.CreatedAt.Format(time.RFC3339), revoked, strings.Join(k.AllowedOrigins, " "))
	}
	return w.Flush()
}

func (k *keys) revokeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "revoke ID|PREFIX",
		Short: "Revoke a key: it stops working at once",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := k.st.RevokeKey(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Println("revoked", args[0])
			return nil
		},
	}
}

func (k *keys) grantCmd() *cobra.Command {
	var grant int64
	cmd := &cobra.Command{
		Use:   "grant ID|PREFIX --credits N",
		Short: "Add credits to a key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if grant <= 0 {
				return fmt.Errorf("--credits must be > 0")
			}
			if err := k.st.GrantCredits(cmd.Context(), args[0], grant); err != nil {
				return err
			}
			fmt.Printf("granted %d credits to %s\n", grant, args[0])
			return nil
		},
	}
	cmd.Flags().Int64Var(&grant, "credits", 0, "credits to add")
	return cmd
}

func (k *keys) webhookSecretCmd() *cobra.Command {
	var rotate bool
	cmd := &cobra.Command{
		Use:   "webhook-secret ID|PREFIX [--rotate]",
		Short: "Print the secret that signs a key's webhooks (X-MotionLab-Signature), for its receiver to verify",
		Long: "Each key's webhooks are signed with a secret of its own, so one tenant cannot forge another's events. " +
			"--rotate replaces it (signatures from then on use the new one; the old one stops verifying).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sec, err := k.st.LoadSecrets(cmd.Context())
			if err != nil {
				return err
			}
			_, secret, err := k.st.KeyWebhookSecret(cmd.Context(), sec, args[0], rotate)
			if err != nil {
				return err
			}
			fmt.Println(string(secret))
			return nil
		},
	}
	cmd.Flags().BoolVar(&rotate, "rotate", false, "replace the key's webhook secret with a new one")
	return cmd
}

func creditsText(c *int64) string {
	if c == nil {
		return "unlimited"
	}
	return fmt.Sprint(*c)
}
