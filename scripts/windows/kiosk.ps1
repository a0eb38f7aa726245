<#
.SYNOPSIS
    Makes a Windows PC a gohmi kiosk: gohmi is the shell of one local user
    (Shell Launcher v2), restarted when it crashes, and the keys that would
    leave it are blocked (Keyboard Filter). Administrators keep Explorer.

.DESCRIPTION
    What each step does, and how -Undo reverses it:

    1. Windows features. Shell Launcher and Keyboard Filter are optional
       features of Windows 10/11 Enterprise, Education and IoT Enterprise
       (not Home or Pro). The script enables Client-EmbeddedShellLauncher
       and Client-KeyboardFilter; Windows may ask for a restart, after
       which you run the script again. -Undo leaves the features on (they
       do nothing unconfigured); Disable-WindowsOptionalFeature removes them.

    2. Shell Launcher v2. The user named by -KioskUser gets
       `hmi.exe run PROJECT --kiosk --data DATA` instead of Explorer as the
       shell; every other account (the administrators) keeps Explorer (the
       default profile). Shell Launcher watches the shell's exit status,
       which gohmi sets on purpose (`hmi run -h`):
         0  deliberate exit: a stop signal, or leaving kiosk mode confirmed
            at the panel by a user with the leave-kiosk permission
            -> DoNothing: the screen stays empty; Ctrl+Alt+Del, Sign out,
               and an administrator logs in to Explorer.
         1  could not start, 2 usage or a Go runtime crash, 3 failed after
            it started, and any other status (a crash)
            -> RestartShell: gohmi starts again.
       Shell Launcher v2 is configured through the MDM bridge's WMI class
       MDM_AssignedAccess (property ShellLauncher, an XML document), which
       only the SYSTEM account may write: run the script as SYSTEM, e.g.
       `psexec.exe -s -i powershell.exe -ExecutionPolicy Bypass -File kiosk.ps1 ...`
       (Sysinternals). -Undo clears the ShellLauncher property: everyone
       gets Explorer at the next sign-in.

    3. Keyboard Filter (the MsKeyboardFilter service, WMI classes
       WEKF_PredefinedKey and WEKF_Settings). It blocks, for accounts that
       are not administrators: Alt+F4 (close window; gohmi refuses it
       anyway), Alt+Tab, Alt+Esc, Ctrl+Esc, Ctrl+Shift+Esc (Task
       Manager), the Windows key and its combinations (Win+L, Win+R,
       Win+D, Win+E, Win+M, Win+Tab...), and with -BlockCtrlAltDel also
       Ctrl+Alt+Del. Leaving Ctrl+Alt+Del allowed (the default) keeps a
       way to sign out to an administrator; step 4 trims its screen.
       Administrators are not filtered (DisableKeyboardFilterForAdministrators).
       -Undo unblocks the same keys.

    4. The Ctrl+Alt+Del screen of the kiosk user: no Task Manager, no
       password change, no lock, no user switching, by policy values in
       that user's registry hive (loaded from its NTUSER.DAT: the user
       must have signed in once). Sign out stays, to reach an
       administrator. -Undo removes the values.

.PARAMETER KioskUser
    The local account that runs gohmi (it must exist; create it with
    `New-LocalUser` and sign in once so that its profile exists).

.PARAMETER Hmi
    hmi.exe, built with cgo (the GL window): `go build -tags migrated_fynedo,no_emoji ./cmd/hmi`.

.PARAMETER Project
    The gohmi project directory. Give it a users.yaml with a role that has
    `leave-kiosk: true`, or anyone at the panel can leave kiosk mode.

.PARAMETER Data
    The data directory (alarm journal, history, audit): writable by KioskUser.

.PARAMETER BlockCtrlAltDel
    Also block Ctrl+Alt+Del for the kiosk user. Then the only ways out are
    leaving kiosk mode in gohmi, remote administration, or the Keyboard
    Filter's breakout key (pressed five times at the sign-in screen).

.PARAMETER Undo
    Reverse steps 2 to 4.

.EXAMPLE
    psexec.exe -s -i powershell.exe -ExecutionPolicy Bypass -File .\kiosk.ps1 -KioskUser panel -Project C:\ProgramData\gohmi\project

.EXAMPLE
    psexec.exe -s -i powershell.exe -ExecutionPolicy Bypass -File .\kiosk.ps1 -KioskUser panel -Undo
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]$KioskUser,
    [string]$Hmi = "$env:ProgramFiles\gohmi\hmi.exe",
    [string]$Project = "$env:ProgramData\gohmi\project",
    [string]$Data = "$env:ProgramData\gohmi\data",
    [switch]$BlockCtrlAltDel,
    [switch]$Undo
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# The keys the Keyboard Filter blocks (WEKF_PredefinedKey ids).
$blockedKeys = @(
    'Alt+F4', 'Alt+Tab', 'Alt+Esc', 'Ctrl+Esc', 'Ctrl+Shift+Esc',
    'Windows', 'Win+L', 'Win+R', 'Win+D', 'Win+E', 'Win+M', 'Win+Tab', 'Win+U', 'Win+X'
)
if ($BlockCtrlAltDel) { $blockedKeys += 'Ctrl+Alt+Del' }

# The kiosk user's Ctrl+Alt+Del policies (step 4), under its hive's
# Software\Microsoft\Windows\CurrentVersion\Policies\System.
$cadPolicies = @{ DisableTaskMgr = 1; DisableChangePassword = 1; DisableLockWorkstation = 1 }

function Get-KioskSid {
    # The SID of the kiosk account; it must exist.
    $account = New-Object System.Security.Principal.NTAccount($env:COMPUTERNAME, $KioskUser)
    try {
        return $account.Translate([System.Security.Principal.SecurityIdentifier]).Value
    } catch {
        throw "no local account '$KioskUser': create it (New-LocalUser) and sign in once, then run this again"
    }
}

function Enable-KioskFeatures {
    # Step 1: the two optional features; a restart may be needed before
    # their WMI classes exist.
    $restart = $false
    foreach ($name in 'Client-EmbeddedShellLauncher', 'Client-KeyboardFilter') {
        $feature = Get-WindowsOptionalFeature -Online -FeatureName $name
        if ($null -eq $feature) {
            throw "this edition of Windows has no $name feature (Enterprise, Education or IoT Enterprise needed)"
        }
        if ($feature.State -ne 'Enabled') {
            Write-Host "enabling $name"
            $result = Enable-WindowsOptionalFeature -Online -FeatureName $name -All -NoRestart
            if ($result.RestartNeeded) { $restart = $true }
        }
    }
    if ($restart) {
        Write-Warning 'Windows must restart to finish enabling the features: restart, then run this script again.'
        exit 1
    }
    Set-Service -Name MsKeyboardFilter -StartupType Automatic
    Start-Service -Name MsKeyboardFilter
}

function Get-ShellLauncherXml([string]$sid) {
    # Step 2's document: gohmi for the kiosk user, Explorer for everyone
    # else; exit status 0 does nothing, anything else restarts gohmi.
    $command = '"{0}" run "{1}" --kiosk --data "{2}"' -f $Hmi, $Project, $Data
    $command = [System.Security.SecurityElement]::Escape($command)
    return @"
<?xml version="1.0" encoding="utf-8"?>
<ShellLauncherConfiguration xmlns="http://schemas.microsoft.com/ShellLauncher/2018/Configuration"
    xmlns:V2="http://schemas.microsoft.com/ShellLauncher/2019/Configuration">
  <Profiles>
    <DefaultProfile>
      <Shell Shell="%SystemRoot%\explorer.exe"/>
    </DefaultProfile>
    <Profile Id="{6f1b5e0c-3a0e-4b8e-9d6a-67a0b1f0e3c1}">
      <Shell Shell="$command" V2:AppType="Desktop" V2:AllAppsFullScreen="true">
        <ReturnCodeActions>
          <ReturnCodeAction ReturnCode="0" Action="DoNothing"/>
          <ReturnCodeAction ReturnCode="1" Action="RestartShell"/>
          <ReturnCodeAction ReturnCode="2" Action="RestartShell"/>
          <ReturnCodeAction ReturnCode="3" Action="RestartShell"/>
        </ReturnCodeActions>
        <DefaultAction Action="RestartShell"/>
      </Shell>
    </Profile>
  </Profiles>
  <Configs>
    <Config>
      <Account Sid="$sid"/>
      <Profile Id="{6f1b5e0c-3a0e-4b8e-9d6a-67a0b1f0e3c1}"/>
    </Config>
  </Configs>
</ShellLauncherConfiguration>
"@
}

function Set-ShellLauncher([string]$xml) {
    # Step 2: the MDM bridge (SYSTEM only). $null clears the configuration.
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    if (-not $identity.IsSystem) {
        throw 'Shell Launcher v2 is configured through the MDM bridge, which only SYSTEM may write: run this script with psexec.exe -s (see Get-Help .\kiosk.ps1)'
    }
    $bridge = Get-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_AssignedAccess'
    if ($null -eq $xml) {
        $bridge.ShellLauncher = $null
    } else {
        $bridge.ShellLauncher = [System.Net.WebUtility]::HtmlEncode($xml)
    }
    Set-CimInstance -CimInstance $bridge
}

function Set-BlockedKeys([bool]$blocked) {
    # Step 3: each predefined key on or off; administrators unfiltered.
    $ns = 'root\standardcimv2\embedded'
    foreach ($id in $blockedKeys) {
        $key = Get-CimInstance -Namespace $ns -ClassName 'WEKF_PredefinedKey' | Where-Object { $_.Id -eq $id }
        if ($null -eq $key) {
            Write-Warning "Keyboard Filter has no predefined key '$id': skipped"
            continue
        }
        Set-CimInstance -InputObject $key -Property @{ Enabled = $blocked }
    }
    $setting = Get-CimInstance -Namespace $ns -ClassName 'WEKF_Settings' | Where-Object { $_.Name -eq 'DisableKeyboardFilterForAdministrators' }
    if ($null -ne $setting) {
        Set-CimInstance -InputObject $setting -Property @{ Value = 'true' }
    }
}

function Set-CtrlAltDelPolicies([string]$sid, [bool]$on) {
    # Step 4: the kiosk user's own policies, in its hive: loaded from
    # NTUSER.DAT when the user is not signed in, unloaded after.
    $hive = "Registry::HKEY_USERS\$sid"
    $loaded = $false
    if (-not (Test-Path $hive)) {
        $userProfile = Get-CimInstance -ClassName Win32_UserProfile | Where-Object { $_.SID -eq $sid }
        if ($null -eq $userProfile) {
            Write-Warning "$KioskUser has no profile yet: sign in once as $KioskUser, then run this again for the Ctrl+Alt+Del policies"
            return
        }
        & reg.exe load "HKU\$sid" (Join-Path $userProfile.LocalPath 'NTUSER.DAT') | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "reg load of $KioskUser's NTUSER.DAT failed" }
        $loaded = $true
    }
    try {
        $key = "$hive\Software\Microsoft\Windows\CurrentVersion\Policies\System"
        if ($on) {
            New-Item -Path $key -Force | Out-Null
            foreach ($name in $cadPolicies.Keys) {
                New-ItemProperty -Path $key -Name $name -PropertyType DWord -Value $cadPolicies[$name] -Force | Out-Null
            }
        } elseif (Test-Path $key) {
            foreach ($name in $cadPolicies.Keys) {
                Remove-ItemProperty -Path $key -Name $name -ErrorAction SilentlyContinue
            }
        }
    } finally {
        if ($loaded) {
            [GC]::Collect() # drop PowerShell's handles into the hive before unloading it
            & reg.exe unload "HKU\$sid" | Out-Null
        }
    }
}

$sid = Get-KioskSid
if ($Undo) {
    Set-ShellLauncher $null
    Set-BlockedKeys $false
    Set-CtrlAltDelPolicies $sid $false
    Write-Host "kiosk undone for ${KioskUser}: Explorer at the next sign-in, keys unblocked"
    exit 0
}

if (-not (Test-Path -LiteralPath $Hmi)) { throw "no ${Hmi}: install hmi.exe there or pass -Hmi" }
if (-not (Test-Path -LiteralPath $Project)) { throw "no project at ${Project}: pass -Project" }
if (-not (Test-Path -LiteralPath (Join-Path $Project 'users.yaml'))) {
    Write-Warning "$Project has no users.yaml: anyone at the panel can leave kiosk mode by confirming"
}
New-Item -ItemType Directory -Path $Data -Force | Out-Null
# The data directory must be writable by the kiosk user.
& icacls.exe $Data /grant "${KioskUser}:(OI)(CI)M" | Out-Null

Enable-KioskFeatures
Set-ShellLauncher (Get-ShellLauncherXml $sid)
Set-BlockedKeys $true
Set-CtrlAltDelPolicies $sid $true
Write-Host "kiosk configured: $KioskUser signs in to gohmi ($Project); sign out and in again to see it"
