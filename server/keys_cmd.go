package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"motionlab/server/config"
	"motionlab/server/store"
)

func keysCmd() *cobra.Command {
	var dataDir string
	cmd := &cobra.Command{Use: "keys", Short: "Create, list and revoke API keys (stored as SHA-256 hashes)"}
	cmd.PersistentFlags().StringVar(&dataDir, "data", config.Env("MOTIONLAB_DATA", "data"), "the server's data folder [MOTIONLAB_DATA]")
	var dbURL string
	cmd.PersistentFlags().StringVar(&dbURL, "db", config.Env("MOTIONLAB_DB", ""), "metadata database: empty for SQLite in --data, or postgres://… [MOTIONLAB_DB]")
	// Every subcommand works on the data folder's store: open it once here.
	var st *store.Store
	cmd.PersistentPreRunE = func(cmd *cobra.Command, _ []string) (err error) {
		st, err = store.OpenWith(cmd.Context(), store.Options{DataDir: dataDir, DB: dbURL})
		return err
	}
	cmd.PersistentPostRunE = func(*cobra.Command, []string) error { return st.Close() }

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
			k, secret, err := st.CreateKey(cmd.Context(), name, c, callback, origins...)
			if err != nil {
				return err
			}
			fmt.Printf("created key %s (%s), credits %s; it is shown only now:\n%s\n", k.ID, k.Name, creditsText(k.Credits), secret)
			return nil
		},
	}
	create.Flags().StringVar(&name, "name", "", "who or what the key is for (required)")
	create.Flags().Int64Var(&credits, "credits", 0, "analyses the key may run (default unlimited)")
	create.Flags().StringVar(&callback, "callback-url", "", "default webhook for this key's analyses (an analysis's own callback_url wins)")
	create.Flags().StringArrayVar(&origins, "origin", nil, "a site that may embed MotionLab with this key (https://host[:port]; repeat for more)")
	create.MarkFlagRequired("name")

	originsCmd := &cobra.Command{
		Use:   "origins ID|PREFIX [ORIGIN...]",
		Short: "Set the sites that may embed MotionLab with a key (none: embedding only from this server's own pages)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := st.SetOrigins(cmd.Context(), args[0], args[1:]); err != nil {
				return err
			}
			fmt.Printf("%s may be embedded by: %s\n", args[0], strings.Join(append([]string{"(this server)"}, args[1:]...), " "))
			return nil
		},
	}

	list := &cobra.Command{
		Use:   "list",
		Short: "List keys (never the secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			keys, err := st.ListKeys(cmd.Context())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tPREFIX\tNAME\tCREDITS\tCREATED\tREVOKED\tORIGINS")
			for _, k := range keys {
				revoked := "-"
				if k.RevokedAt != nil {
					revoked = k.RevokedAt.Format(time.RFC3339)
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Name, creditsText(k.Credits), k.CreatedAt.Format(time.RFC3339), revoked, strings.Join(k.AllowedOrigins, " "))
			}
			return w.Flush()
		},
	}

	revoke := &cobra.Command{
		Use:   "revoke ID|PREFIX",
		Short: "Revoke a key: it stops working at once",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := st.RevokeKey(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Println("revoked", args[0])
			return nil
		},
	}

	var grant int64
	grantCmd := &cobra.Command{
		Use:   "grant ID|PREFIX --credits N",
		Short: "Add credits to a key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if grant <= 0 {
				return fmt.Errorf("--credits must be > 0")
			}
			if err := st.GrantCredits(cmd.Context(), args[0], grant); err != nil {
				return err
			}
			fmt.Printf("granted %d credits to %s\n", grant, args[0])
			return nil
		},
	}
	grantCmd.Flags().Int64Var(&grant, "credits", 0, "credits to add")
	var rotate bool
	secretCmd := &cobra.Command{
		Use:   "webhook-secret ID|PREFIX [--rotate]",
		Short: "Print the secret that signs a key's webhooks (X-MotionLab-Signature), for its receiver to verify",
		Long: "Each key's webhooks are signed with a secret of its own, so one tenant cannot forge another's events. " +
			"--rotate replaces it (signatures from then on use the new one; the old one stops verifying).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sec, err := st.LoadSecrets(cmd.Context())
			if err != nil {
				return err
			}
			_, secret, err := st.KeyWebhookSecret(cmd.Context(), sec, args[0], rotate)
			if err != nil {
				return err
			}
			fmt.Println(string(secret))
			return nil
		},
	}
	secretCmd.Flags().BoolVar(&rotate, "rotate", false, "replace the key's webhook secret with a new one")
	cmd.AddCommand(create, list, revoke, grantCmd, originsCmd, secretCmd)
	return cmd
}

func creditsText(c *int64) string {
	if c == nil {
		return "unlimited"
	}
	return fmt.Sprint(*c)
}
